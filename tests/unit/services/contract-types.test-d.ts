// Type tests (vitest --typecheck, and `npm run typecheck`): the contract's TypeScript types are inferred from its
// zod schemas, so a field added to a call's schema is part of the call's type, and nothing else is.
import { describe, expectTypeOf, it } from 'vitest'
import { z } from 'zod'
import {
  CALLS,
  EVENTS,
  type CallName,
  type CallRequest,
  type CallResponse,
  type Events
} from '../../../src/shared/contract'

describe('the contract types', () => {
  it('every call request and response is exactly what its schema infers', () => {
    type FromSchemas = {
      [K in CallName]: [z.output<(typeof CALLS)[K]['req']>, z.output<(typeof CALLS)[K]['res']>]
    }
    type FromTypes = { [K in CallName]: [CallRequest<K>, CallResponse<K>] }
    expectTypeOf<FromTypes>().toEqualTypeOf<FromSchemas>()
    expectTypeOf<Events>().toEqualTypeOf<{ [K in keyof typeof EVENTS]: z.infer<(typeof EVENTS)[K]> }>()
  })

  it('adding a field to a call schema changes its type', () => {
    expectTypeOf<CallRequest<'models:rename'>>().toEqualTypeOf<{ id: string; name: string }>()
    const widenedRequest = CALLS['models:rename'].req.extend({ note: z.string().optional() })
    type Widened = z.output<typeof widenedRequest>
    expectTypeOf(widenedRequest.parse({ id: 'm1', name: 'n', note: 'kept' })).toEqualTypeOf<Widened>()
    expectTypeOf<Widened>().toEqualTypeOf<{ id: string; name: string; note?: string | undefined }>()
    expectTypeOf<Widened>().not.toEqualTypeOf<CallRequest<'models:rename'>>()
  })

  it('calls without an argument take void; responses keep their shape', () => {
    expectTypeOf<CallRequest<'app:info'>>().toEqualTypeOf<void>()
    expectTypeOf<CallResponse<'job:cancel'>>().toEqualTypeOf<boolean>()
    expectTypeOf<CallResponse<'dialog:save'>>().toEqualTypeOf<{ saveToken: string } | null>()
    expectTypeOf<Events['engine:state']['state']>().toEqualTypeOf<
      'starting' | 'ready' | 'crashed' | 'restarting'
    >()
  })
})
