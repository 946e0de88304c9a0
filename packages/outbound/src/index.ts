export {
  allowListSetting,
  assertAddressAllowed,
  OutboundRefusedError,
  parseAllowList,
  publicOnly,
  refusalReason,
  type OutboundPolicy,
} from './address-policy.ts';
export { createOutbound, type Lookup, type Outbound, type OutboundFetch } from './outbound.ts';
