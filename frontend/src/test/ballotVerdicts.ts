import type { BallotVerdict, ThresholdCheck } from '../api/disputeTypes';
import type { BallotFigures } from '../disputes/threshold';

// Verdicts as the API answers them for a ballot of 1,000 entitled, 520 cast,
// 300 yes, 210 no and 10 spoilt: opening 2 March 2026 (Employment Rights Act
// 2025 rules) and 1 May 2025 in an important public service (Trade Union Act 2016).
export const figures: BallotFigures = {
  entitled_to_vote: 1000,
  votes_cast: 520,
  yes_votes: 300,
  no_votes: 210,
  spoilt: 10,
};

export const turnout: ThresholdCheck = {
  key: 'turnout',
  description: 'At least 50% of those entitled to vote did so',
  basis: 'everyone entitled to vote',
  comparison: 'at_least',
  required_percent: 50,
  actual_percent: 52,
  required_votes: 500,
  actual_votes: 520,
  met: true,
  margin_votes: 20,
  margin_percent: 2,
};

export const majority: ThresholdCheck = {
  key: 'majority',
  description: 'A majority of those voting answered yes (more yes than no votes)',
  basis: 'valid votes (yes + no; spoilt papers are neither)',
  comparison: 'more_than',
  required_percent: 50,
  actual_percent: 58.82,
  required_votes: 256,
  actual_votes: 300,
  met: true,
  margin_votes: 44,
  margin_percent: 8.82,
};

export const support: ThresholdCheck = {
  key: 'important_public_service_support',
  description: 'In an important public service, at least 40% of all those entitled to vote answered yes',
  basis: 'everyone entitled to vote',
  comparison: 'at_least',
  required_percent: 40,
  actual_percent: 30,
  required_votes: 400,
  actual_votes: 300,
  met: false,
  margin_votes: -100,
  margin_percent: -10,
};

export const passed2026: BallotVerdict = {
  outcome: 'passed',
  statutory: true,
  gives_mandate: true,
  explanation: 'The ballot passed every threshold under the Employment Rights Act 2025 rules and gives a mandate for action.',
  rule_set: {
    id: 'employment_rights_act_2025',
    name: 'Employment Rights Act 2025',
    valid_from: '2026-02-18',
    source: 'Employment Rights Act 2025',
  },
  turnout_percent: 52,
  yes_percent_of_valid_votes: 58.82,
  yes_percent_of_votes_cast: 57.69,
  yes_percent_of_entitled: 30,
  thresholds: [turnout, majority],
  passed: true,
  mandate_months: 12,
  mandate_ends_on: '2027-03-15',
  notice_days: 10,
  earliest_action_on: '2026-03-27',
  pre_ballot: {
    ballot_notice_days: 7,
    ballot_notice_by: '2026-02-23',
    sample_paper_days: 3,
    sample_paper_by: '2026-02-27',
    scrutineer_required: true,
    scrutineer_if_entitled_over: 50,
  },
  notes: [],
};

export const failed2025: BallotVerdict = {
  ...passed2026,
  outcome: 'failed',
  gives_mandate: false,
  explanation: 'The ballot failed under the Trade Union Act 2016 rules: important public service support (100 votes short).',
  rule_set: {
    id: 'trade_union_act_2016',
    name: 'Trade Union Act 2016',
    valid_from: '2017-03-01',
    source: 'https://www.legislation.gov.uk/ukpga/2016/15',
  },
  thresholds: [turnout, majority, support],
  passed: false,
  mandate_months: 6,
  mandate_ends_on: null,
  notice_days: 14,
  earliest_action_on: null,
};

