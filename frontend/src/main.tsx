import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import './app/global.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { deviceLanguage, startI18n } from './app/i18n';
import { LanguageProvider } from './app/LanguageProvider';
import { createQueryClient } from './app/queryClient';
import { createAppRouter } from './app/router';
import { cssVariablesResolver, theme } from './app/theme';
import { watchSessionForOfflineData } from './shared/offline/offlineData';
import { UpdatePrompt } from './shared/offline/UpdatePrompt';

// Kept API answers belong to the person logged in: forgotten when that changes.
watchSessionForOfflineData();
const queryClient = createQueryClient();
const router = createAppRouter(queryClient);

const root = document.getElementById('root');
if (root === null) throw new Error('The page has no #root element.');

// The first paint is already in the reader's language: the catalogue loads
// before anything renders.
void startI18n(deviceLanguage()).then(() => {
  createRoot(root).render(
    <StrictMode>
      <LanguageProvider>
        <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
          <Notifications position="top-center" />
          <UpdatePrompt />
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </MantineProvider>
      </LanguageProvider>
    </StrictMode>,
  );
});
