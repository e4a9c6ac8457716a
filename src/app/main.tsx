import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { restoreAndRememberPreferences } from './preferences.ts';
import { useApp } from './store.ts';
import { applyTheme } from './theme.ts';
import './styles.css';

restoreAndRememberPreferences();
applyTheme();
// A remembered tool opens again, unless the address names a view itself (`#lab`).
const rememberedView = useApp.getState().view;
if (!location.hash && rememberedView !== 'twin') history.replaceState(history.state, '', `#${rememberedView}`);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
