// Names for the dispute, ballot and solidarity shapes, taken from the generated schema.
import type { components } from './schema';

type Schemas = components['schemas'];

export type DisputeStatus = Schemas['DisputeStatus'];
export type DisputeSummary = Schemas['DisputeSummary'];
export type Dispute = Schemas['DisputeRead'];
export type DisputeCreate = Schemas['DisputeCreate'];
export type DisputeUpdate = Schemas['DisputeUpdate'];
export type DemandStatus = Schemas['DemandStatus'];
export type Demand = Schemas['DemandRead'];
export type EventKind = Schemas['EventKind'];
export type DisputeEvent = Schemas['EventRead'];
export type DisputePart = Schemas['DisputePart'];
export type DisputePerson = Schemas['DisputeContactRead'];
export type BallotKind = Schemas['BallotKind'];
export type Ballot = Schemas['BallotRead'];
export type BallotCreate = Schemas['BallotCreate'];
export type BallotUpdate = Schemas['BallotUpdate'];
export type BallotVerdict = Schemas['BallotVerdict'];
export type ThresholdCheck = Schemas['ThresholdCheck'];
export type FundEntry = Schemas['FundEntryRead'];
export type FundEntryCreate = Schemas['FundEntryCreate'];
export type FundEntryKind = Schemas['FundEntryKind'];
export type Workplace = Schemas['WorkplaceRead'];
export type Contact = Schemas['ContactRead'];

/** The board's columns, in the order a dispute usually moves through them. */
export const ACTIVE_STATUSES = ['brewing', 'formal_dispute', 'balloting', 'action'] as const satisfies readonly DisputeStatus[];
/** Finished disputes, shown collapsed under the board. */
export const CLOSED_STATUSES = ['won', 'lost', 'settled', 'dropped'] as const satisfies readonly DisputeStatus[];
export const ALL_STATUSES: readonly DisputeStatus[] = [...ACTIVE_STATUSES, ...CLOSED_STATUSES];

/** Money into a strike fund, in the order the form offers them. */
export const MONEY_IN_KINDS = ['donation', 'collection', 'levy', 'solidarity_collection', 'opening_balance'] as const satisfies readonly FundEntryKind[];
/** Money out of a strike fund. */
export const MONEY_OUT_KINDS = ['strike_pay', 'hardship', 'costs'] as const satisfies readonly FundEntryKind[];
/** Payments to a person, who is named on the entry. */
export const PAID_TO_PEOPLE: readonly FundEntryKind[] = ['strike_pay', 'hardship'];
