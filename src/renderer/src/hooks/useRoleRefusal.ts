import { gateTooltip } from '../../../shared/calls/gates'
import type { CallName, CallRequest } from '../../../shared/contract'
import { useSession } from './useSession'

/**
 * Why the signed-in person's role may not make `call` (shared/calls/gates.ts), for a button to be greyed out with
 * it; undefined where nobody signs in (a workstation on its own file) or the role may. The engine refuses the call
 * all the same: this only spares the person a press that would be refused.
 */
export function useRoleRefusal<K extends CallName>(
  call: K | undefined,
  req?: CallRequest<K>
): string | undefined {
  const person = useSession().store?.person
  return person && call ? gateTooltip(person, call, req) : undefined
}
