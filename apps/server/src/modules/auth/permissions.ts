import { type ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import { type Role } from './user.entity';

/** What a handler needs. Every handler declares one; a handler without one needs `admin`. */
export type Permission = 'read' | 'enroll' | 'approve' | 'admin' | 'agent';

const GRANTS: Record<Role, readonly Permission[]> = {
  auditor: ['read'],
  enroller: ['read', 'enroll'],
  admin: ['read', 'enroll', 'approve', 'admin'],
  agent: ['agent'],
};

export function roleGrants(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

export const PERMISSION_KEY = 'certlab:permission';
export const Requires = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);

export const PUBLIC_KEY = 'certlab:public';
/**
 * No credentials at all. Only for what relying parties fetch anonymously in every PKI (CRLs and CA
 * certificates at the URLs certificates carry) and for the console's sign-in itself; docs/server.md
 * and docs/console.md list every such route.
 */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated caller, as audit events name them. */
export interface Actor {
  username: string;
  role: Role;
}

export const CurrentActor = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Actor => {
    const request = context.switchToHttp().getRequest<{ actor?: Actor }>();
    if (!request.actor)
      throw new Error('CurrentActor used on a route the auth guard did not run for');
    return request.actor;
  },
);
