import type { Demand } from '../api/disputeTypes';

/** The new order's positions: each demand whose position must change, with its new one. */
export function reorderPlan(demands: readonly Demand[], from: number, to: number): { demand: Demand; position: number }[] {
  if (from === to || from < 0 || to < 0 || from >= demands.length || to >= demands.length) return [];
  const order = [...demands];
  const [moved] = order.splice(from, 1);
  if (moved === undefined) return [];
  order.splice(to, 0, moved);
  return order
    .map((demand, position) => ({ demand, position }))
    .filter(({ demand, position }) => demand.position !== position);
}
