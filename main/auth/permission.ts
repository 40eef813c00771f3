/** Refusing an action the principal's roles do not permit, with the auth capability's own error. */
import { type Action, can, type PermissionScope, type Principal } from '../../shared/auth/roles';
import { AuthError } from './errors';

export function requirePermission(principal: Principal, action: Action, scope?: PermissionScope): void {
  if (!can(principal, action, scope)) throw new AuthError('forbidden', { userId: principal.userId, action });
}
