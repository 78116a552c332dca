export interface DecisionSearch {
  /** Words the decisions must hold. */
  q?: string;
}

export function validateDecisionSearch(search: Record<string, unknown>): DecisionSearch {
  const q = typeof search.q === 'string' && search.q.trim() !== '' ? search.q : undefined;
  return q === undefined ? {} : { q };
}
