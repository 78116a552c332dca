import { api, unwrap } from './client';
import type { components } from './schema';
import { unwrapUpdate } from './conflict';

export type AssessmentScale = components['schemas']['AssessmentScaleRead'];
export type ScaleUpdate = components['schemas']['AssessmentScaleUpdate'];
export type GroupLanguage = components['schemas']['GroupUpdate']['default_language'];

export function renameGroup(groupId: string, body: { name: string; version: number }) {
  return unwrap(api.PATCH('/api/v1/groups/{group_id}', { params: { path: { group_id: groupId } }, body }));
}

export function setRequireTwoFactor(groupId: string, body: { require_two_factor: boolean; version: number }) {
  return unwrap(api.PATCH('/api/v1/groups/{group_id}', { params: { path: { group_id: groupId } }, body }));
}

export function setDefaultLanguage(groupId: string, body: { default_language: GroupLanguage; version: number }) {
  return unwrap(api.PATCH('/api/v1/groups/{group_id}', { params: { path: { group_id: groupId } }, body }));
}

export function updateScale(groupId: string, body: ScaleUpdate) {
  return unwrapUpdate(
    api.PATCH('/api/v1/groups/{group_id}/assessment-scale', { params: { path: { group_id: groupId } }, body }),
  );
}
