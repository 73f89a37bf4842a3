import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiFailure } from './api.js';
import { useI18n, type MessageKey } from './i18n.js';

/** The page title; it takes the focus when the page opens, so keyboard and screen-reader users start there. */
export function Heading({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const active = document.activeElement;
    if (!active || active === document.body || !document.contains(active) || active.closest('nav, #app > header')) ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}

export function ErrorNote({ error }: { error: Error }) {
  const detail = error instanceof ApiFailure ? `${error.message} (${error.status} ${error.code})` : error.message;
  return (
    <p class="error" role="alert">
      {detail}
    </p>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      {t('loading')}
    </p>
  );
}

const STATUS_KEYS: Record<string, MessageKey> = {
  queued: 'statusQueued',
  running: 'statusRunning',
  done: 'statusDone',
  failed: 'statusFailed',
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const key = STATUS_KEYS[status];
  return <span class={`badge status-${status}`}>{key ? t(key) : status}</span>;
}

/** A link to a third-party URL: opens elsewhere, leaks no referrer, and says so to screen readers. */
export function ExternalLink({ href, children }: { href: string; children?: ComponentChildren }) {
  if (!/^https?:\/\//i.test(href)) return <span>{children ?? href}</span>;
  return (
    <a href={href} rel="noopener noreferrer external" target="_blank">
      {children ?? href}
    </a>
  );
}
