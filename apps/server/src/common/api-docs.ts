import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type NextFunction, type Request, type Response } from 'express';
import { AuthService } from '../modules/auth/auth.service';
import { parseBasicCredentials } from '../modules/auth/basic-credentials';
import { readAppVersion } from './app-version';

export const API_DOCS_PATH = 'api/docs';

/**
 * OpenAPI for everything the server serves: the UI at /api/docs, the document at
 * /api/docs-json. Swagger's routes are plain Express handlers that Nest's guard never sees, so a
 * middleware asks for the same Basic credentials first (any role may read the docs).
 */
export function setUpApiDocs(app: INestApplication): void {
  const auth = app.get(AuthService);
  const requireCredentials = (request: Request, response: Response, next: NextFunction) => {
    const credentials = parseBasicCredentials(request.headers.authorization);
    const check = credentials
      ? auth.authenticate(credentials.username, credentials.password)
      : Promise.resolve(undefined);
    check.then(
      (actor) => {
        if (actor) return next();
        response
          .status(401)
          .set('WWW-Authenticate', 'Basic realm="certlab", charset="UTF-8"')
          .json({
            ErrorCode: '0xA0110101',
            Message: 'Access is denied due to invalid credentials.',
          });
      },
      (error: unknown) => next(error),
    );
  };
  app.use(`/${API_DOCS_PATH}`, requireCredentials);
  app.use(`/${API_DOCS_PATH}-json`, requireCredentials);

  const config = new DocumentBuilder()
    .setTitle('certlab')
    .setDescription(
      'PKI lab server: the classic CMS API (POST /CMSApi/CertEnroll/3/Renew), a Keyfactor API subset under /KeyfactorAPI, the agent API under /KeyfactorAgents and console read models under /api.',
    )
    .setVersion(readAppVersion())
    .addBasicAuth()
    .addSecurityRequirements('basic')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(API_DOCS_PATH, app, document, { jsonDocumentUrl: `${API_DOCS_PATH}-json` });
}
