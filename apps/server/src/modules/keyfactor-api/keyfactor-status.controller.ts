import { Get, Inject } from '@nestjs/common';
import { type Actor, CurrentActor, Requires, roleGrants } from '../auth/permissions';
import { KeyfactorController } from './keyfactor-controller.decorator';
import { KEYFACTOR_API_ROUTES, type KeyfactorRoute, routeLine } from './keyfactor-routes';

@KeyfactorController('Status')
export class KeyfactorStatusController {
  constructor(@Inject(KEYFACTOR_API_ROUTES) private readonly routes: readonly KeyfactorRoute[]) {}

  /** "Returns all endpoints to which the requesting identity has access" (the vendor's summary). */
  @Get('Endpoints')
  @Requires('read')
  endpoints(@CurrentActor() actor: Actor): string[] {
    return this.routes.filter((route) => roleGrants(actor.role, route.permission)).map(routeLine);
  }
}
