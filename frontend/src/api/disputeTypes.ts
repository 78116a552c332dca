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
export type Workplace = Schemas['WorkplaceRead'];
export type Contact = Schemas['ContactRead'];

/** The board's columns, in the order a dispute usually moves through them. */
export const ACTIVE_STATUSES = ['brewing', 'formal_dispute', 'balloting', 'action'] as const satisfies readonly DisputeStatus[];
/** Finished disputes, shown collapsed under the board. */
export const CLOSED_STATUSES = ['won', 'lost', 'settled', 'dropped'] as const satisfies readonly DisputeStatus[];
export const ALL_STATUSES: readonly DisputeStatus[] = [...ACTIVE_STATUSES, ...CLOSED_STATUSES];
