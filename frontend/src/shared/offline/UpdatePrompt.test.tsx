import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '../../test/render';

const registration = vi.hoisted(() => ({
  needRefresh: false,
  setNeedRefresh: vi.fn(),
  updateServiceWorker: vi.fn(() => Promise.resolve()),
}));

vi.mock('virtual:pwa-register/react', () => ({
  useRegisterSW: () => ({
    needRefresh: [registration.needRefresh, registration.setNeedRefresh],
    offlineReady: [false, vi.fn()],
    updateServiceWorker: registration.updateServiceWorker,
  }),
}));

const { UpdatePrompt } = await import('./UpdatePrompt');

describe('UpdatePrompt', () => {
  it('says nothing while the running version is the newest', () => {
    registration.needRefresh = false;
    renderWithProviders(<UpdatePrompt />);
    expect(screen.queryByText('A new version is ready')).toBeNull();
  });

  it('offers the new version, and switches only when asked', async () => {
    registration.needRefresh = true;
    renderWithProviders(<UpdatePrompt />);
    expect(screen.getByRole('status').textContent).toContain('A new version is ready');
    expect(registration.updateServiceWorker).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(registration.updateServiceWorker).toHaveBeenCalledWith(true);
    await userEvent.click(screen.getByRole('button', { name: 'Later' }));
    expect(registration.setNeedRefresh).toHaveBeenCalledWith(false);
  });
});
