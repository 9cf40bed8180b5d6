import 'reflect-metadata';
import { Controller, Get, Post } from '@nestjs/common';
import { Requires } from '../auth/permissions';
import { describeRoutes, routeLine } from './keyfactor-routes';

@Controller('KeyfactorAPI/Things')
class ThingsController {
  @Get()
  @Requires('read')
  list(): void {}

  @Get(':id/Parts')
  @Requires('read')
  parts(): void {}

  @Post('Approve')
  @Requires('approve')
  approve(): void {}

  @Post('Undeclared')
  undeclared(): void {}

  /** Not a route: no method decorator. */
  helper(): void {}
}

describe('describeRoutes', () => {
  it("lists each handler's method and vendor-style path, with the permission it declares", () => {
    const routes = describeRoutes([ThingsController]);

    expect(routes.map(routeLine)).toEqual([
      'GET /Things',
      'GET /Things/{id}/Parts',
      'POST /Things/Approve',
      'POST /Things/Undeclared',
    ]);
    // A handler without @Requires needs admin, as the global guard decides.
    expect(routes.map((route) => route.permission)).toEqual(['read', 'read', 'approve', 'admin']);
  });
});
