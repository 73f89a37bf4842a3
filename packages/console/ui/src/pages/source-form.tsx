import { useEffect, useState } from 'preact/hooks';
import type { Api, Filter, PreviewReply, ProtocolList, SettingSchema, Source, SourceInput } from '../api.js';
import { ErrorNote, ExternalLink, Heading, Loading } from '../components.js';
import { pickText, type Text } from '../format.js';
import { useI18n } from '../i18n.js';
import { href } from '../router.js';

/**
 * Protocols the registry ships, offered until the API's list (`GET /admin/protocols`) arrives; the
 * field stays free text so a newly registered one works too.
 */
const KNOWN_PROTOCOLS = ['ckan', 'dcat', 'ods', 'csw', 'oai', 'gbif', 'ipt'];

interface FormState {
  name: string;
  url: string;
  protocol: string;
  schedule: string;
  enabled: boolean;
  filters: Filter[];
  config: string;
}

const EMPTY: FormState = { name: '', url: '', protocol: '', schedule: '', enabled: true, filters: [], config: '' };

function fromSource(source: Source): FormState {
  return {
    name: source.name,
    url: source.url,
    protocol: source.protocol,
    schedule: source.schedule ?? '',
    enabled: source.enabled,
    filters: source.filters,
    config: Object.keys(source.config).length ? JSON.stringify(source.config, null, 2) : '',
  };
}

/** The JSON settings as an object, `{}` when empty; undefined when they do not parse to an object. */
function parseConfig(text: string): Record<string, unknown> | undefined {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Add or edit a source; "Preview" harvests the first datasets through the API without storing anything. */
export function SourceFormPage({ api, id }: { api: Api; id?: string }) {
  const { t } = useI18n();
  const [form, setForm] = useState<FormState>(EMPTY);
  const [original, setOriginal] = useState<Source>();
  const [loadError, setLoadError] = useState<Error>();
  const [error, setError] = useState<Error>();
  const [preview, setPreview] = useState<PreviewReply>();
  const [busy, setBusy] = useState<'preview' | 'save'>();
  const [protocols, setProtocols] = useState<ProtocolList>();

  useEffect(() => {
    // Only help: without it the form works as before, with the protocol ids it knows.
    api.protocols().then(setProtocols, () => undefined);
  }, [api]);
  const chosen = protocols?.items.find((p) => p.id === form.protocol.trim().toLowerCase());

  useEffect(() => {
    if (!id) return;
    api.source(id).then(
      (source) => {
        setOriginal(source);
        setForm(fromSource(source));
      },
      (e: Error) => setLoadError(e),
    );
  }, [api, id]);

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const setFilter = (index: number, patch: Partial<Filter>) =>
    set(
      'filters',
      form.filters.map((f, i) => (i === index ? { ...f, ...patch } : f)),
    );
  const filters = () => form.filters.filter((f) => f.key.trim() && f.value.trim());

  const config = (): Record<string, unknown> => {
    const parsed = parseConfig(form.config);
    if (!parsed) throw new Error(t('configInvalid'));
    return parsed;
  };

  const runPreview = async () => {
    setBusy('preview');
    setError(undefined);
    setPreview(undefined);
    try {
      setPreview(
        await api.preview({ url: form.url.trim(), protocol: form.protocol.trim() || undefined, filters: filters(), config: config(), limit: 10 }),
      );
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  };

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy('save');
    setError(undefined);
    try {
      const body: SourceInput = {
        name: form.name.trim(),
        url: form.url.trim(),
        // A preview may have detected the protocol: keep what it found rather than detect twice.
        protocol: form.protocol.trim() || preview?.protocol || undefined,
        filters: filters(),
        schedule: form.schedule.trim() || null,
        config: config(),
        enabled: form.enabled,
      };
      const saved = original ? await api.updateSource(original.id, body) : await api.createSource(body);
      location.hash = href.source(saved.id);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(undefined);
    }
  };

  if (loadError) return <ErrorNote error={loadError} />;
  if (id && !original) return <Loading />;

  return (
    <section>
      <Heading>{original ? t('editSource', { name: original.name }) : t('newSource')}</Heading>
      <form class="source-form" onSubmit={save}>
        <div class="field">
          <label for="source-name">{t('name')}</label>
          <input id="source-name" required maxLength={300} value={form.name} onInput={(e) => set('name', e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="source-url">{t('url')}</label>
          <input id="source-url" type="url" required value={form.url} onInput={(e) => set('url', e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="source-protocol">{t('protocol')}</label>
          <input
            id="source-protocol"
            list="protocols"
            placeholder={t('protocolAuto')}
            value={form.protocol}
            onInput={(e) => set('protocol', e.currentTarget.value)}
          />
          <datalist id="protocols">
            {protocols
              ? protocols.items.map((p) => <option key={p.id} value={p.id} label={p.name} />)
              : KNOWN_PROTOCOLS.map((p) => <option key={p} value={p} />)}
          </datalist>
        </div>
        <div class="field">
          <label for="source-schedule">{t('schedule')}</label>
          <input
            id="source-schedule"
            aria-describedby="schedule-help"
            placeholder="0 3 * * *"
            value={form.schedule}
            onInput={(e) => set('schedule', e.currentTarget.value)}
          />
          <p id="schedule-help" class="help">
            {t('scheduleHelp')}
          </p>
        </div>
        <fieldset class="filters">
          <legend>{t('filters')}</legend>
          {form.filters.map((filter, index) => (
            <div class="filter-row" key={index}>
              <label>
                {t('filterKey')}
                <input list="filter-keys" value={filter.key} onInput={(e) => setFilter(index, { key: e.currentTarget.value })} />
              </label>
              <label>
                {t('filterValue')}
                <input value={filter.value} onInput={(e) => setFilter(index, { value: e.currentTarget.value })} />
              </label>
              <label>
                {t('filterType')}
                <select value={filter.type} onChange={(e) => setFilter(index, { type: e.currentTarget.value === 'exclude' ? 'exclude' : 'include' })}>
                  <option value="include">{t('include')}</option>
                  <option value="exclude">{t('exclude')}</option>
                </select>
              </label>
              <button
                type="button"
                aria-label={t('removeFilter', { n: index + 1 })}
                onClick={() =>
                  set(
                    'filters',
                    form.filters.filter((_, i) => i !== index),
                  )
                }
              >
                ×
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set('filters', [...form.filters, { key: '', value: '', type: 'include' }])}>
            {t('addFilter')}
          </button>
          <datalist id="filter-keys">
            {chosen?.filters.map((f) => <option key={f.key} value={f.key} label={`${f.label}: ${f.description}`} />)}
          </datalist>
        </fieldset>
        {chosen && (
          <SettingFields
            legend={t('settingsOf', { protocol: chosen.name })}
            settings={chosen.config.properties}
            config={form.config}
            onChange={(text) => set('config', text)}
            onInvalid={() => setError(new Error(t('configInvalid')))}
          />
        )}
        <div class="field">
          <label for="source-config">{t('config')}</label>
          <textarea
            id="source-config"
            rows={4}
            spellcheck={false}
            placeholder='{"pageSize": 100}'
            aria-describedby={chosen ? 'config-help' : undefined}
            value={form.config}
            onInput={(e) => set('config', e.currentTarget.value)}
          />
          {chosen && protocols && (
            <details id="config-help" class="help">
              <summary>{t('settingsMore')}</summary>
              <Settings settings={withoutFields(chosen.config.properties)} />
              <Settings settings={protocols.runnerConfig.properties} />
            </details>
          )}
        </div>
        <div class="field checkbox">
          <input id="source-enabled" type="checkbox" checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
          <label for="source-enabled">{t('enabled')}</label>
        </div>
        {error && <ErrorNote error={error} />}
        <div class="buttons">
          <button type="button" disabled={!form.url || busy !== undefined} onClick={runPreview}>
            {t('preview')}
          </button>
          <button type="submit" class="primary" disabled={busy !== undefined}>
            {t('save')}
          </button>
          <a class="button" href={original ? href.source(original.id) : href.sources()}>
            {t('cancel')}
          </a>
        </div>
      </form>
      <div aria-live="polite">
        {busy === 'preview' && <p role="status">{t('previewing')}</p>}
        {preview && <PreviewResult preview={preview} />}
      </div>
    </section>
  );
}

interface DatasetLike {
  title?: Text[];
  description?: Text[];
  publisher?: { name?: Text[] };
  distributions?: unknown[];
}

function PreviewResult({ preview }: { preview: PreviewReply }) {
  const { t, lang } = useI18n();
  return (
    <section class="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">
        {t('previewTitle', { count: preview.datasets.length, protocol: preview.protocol, pages: preview.pages })}
      </h2>
      <p class="muted small">
        <ExternalLink href={preview.url} />
        {preview.skipped > 0 && <> · {t('previewSkipped', { count: preview.skipped })}</>}
      </p>
      <ol class="preview-list">
        {preview.datasets.map((item) => {
          const dataset = (item.dataset ?? {}) as DatasetLike;
          const description = pickText(dataset.description, lang);
          return (
            <li key={item.remoteId}>
              <strong>{pickText(dataset.title, lang) ?? item.remoteId}</strong>
              {dataset.publisher?.name && <span class="muted"> — {pickText(dataset.publisher.name, lang)}</span>}
              <div class="muted small">
                {item.remoteUrl ? <ExternalLink href={item.remoteUrl}>{item.remoteId}</ExternalLink> : item.remoteId}
                {' · '}
                {t('distributions')}: {dataset.distributions?.length ?? 0}
              </div>
              {description && <p class="small clamp">{description}</p>}
            </li>
          );
        })}
      </ol>
      {preview.errors.length > 0 && (
        <details>
          <summary>{t('previewErrors', { count: preview.errors.length })}</summary>
          <ul>
            {preview.errors.map((e, i) => (
              <li key={i}>
                <code>{e.code}</code> {e.remoteId && <strong>{e.remoteId}</strong>} {e.message}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** Each setting as `key` or `parent.key` (an object setting's own), with its schema. */
function flatSettings(settings: Record<string, SettingSchema> | undefined, prefix = ''): Array<[string, SettingSchema]> {
  return Object.entries(settings ?? {}).flatMap(([key, s]): Array<[string, SettingSchema]> =>
    s.properties ? flatSettings(s.properties, `${prefix}${key}.`) : [[`${prefix}${key}`, s]],
  );
}

/** The settings a JSON Schema describes: each key with its title, description and default. */
function Settings({ settings }: { settings: Record<string, SettingSchema> | undefined }) {
  const { t } = useI18n();
  const entries = flatSettings(settings);
  if (entries.length === 0) return null;
  return (
    <dl class="settings">
      {entries.map(([key, s]) => (
        <div key={key}>
          <dt>
            <code>{key}</code>
            {s.title ? ` ${s.title}` : ''}
          </dt>
          <dd>
            {s.description}
            {s.default !== undefined ? ` (${t('settingDefault', { value: JSON.stringify(s.default) })})` : ''}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Whether a setting gets a form control: a number, a string, a yes/no or a choice (not an object or a list). */
function hasField(schema: SettingSchema): boolean {
  return schema.anyOf !== undefined || ['integer', 'number', 'string', 'boolean'].includes(schema.type ?? '');
}

/** The settings left to the JSON alone. */
function withoutFields(settings: Record<string, SettingSchema> | undefined): Record<string, SettingSchema> {
  return Object.fromEntries(Object.entries(settings ?? {}).filter(([, s]) => !hasField(s)));
}

/** The value of a setting as a form control shows it ('' when unset). */
function shown(value: unknown): string {
  return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

/** A form control's text as the setting's JSON value; undefined clears the setting. */
function settingValue(schema: SettingSchema, text: string): unknown {
  if (text === '') return undefined;
  if (schema.type === 'integer' || schema.type === 'number') return Number(text);
  if (schema.type === 'boolean') return text === 'true';
  return text;
}

/**
 * A control for each of the protocol's own settings that is a number, a string, a yes/no or a
 * choice; each edits its key in the JSON settings below, which stay the whole truth (objects and
 * lists are edited there only).
 */
function SettingFields(props: {
  legend: string;
  settings: Record<string, SettingSchema> | undefined;
  config: string;
  onChange: (text: string) => void;
  onInvalid: () => void;
}) {
  const { t } = useI18n();
  const current = parseConfig(props.config);
  const fields = Object.entries(props.settings ?? {}).filter(([, s]) => hasField(s));
  if (fields.length === 0) return null;
  const update = (key: string, schema: SettingSchema, text: string) => {
    const config = parseConfig(props.config);
    if (!config) return props.onInvalid();
    const value = settingValue(schema, text);
    if (value === undefined) delete config[key];
    else config[key] = value;
    props.onChange(Object.keys(config).length ? JSON.stringify(config, null, 2) : '');
  };
  return (
    <fieldset class="settings-fields">
      <legend>{props.legend}</legend>
      {fields.map(([key, s]) => {
        const id = `setting-${key}`;
        const value = shown(current?.[key]);
        const placeholder = s.default !== undefined ? shown(s.default) : undefined;
        const onInput = (e: { currentTarget: { value: string } }) => update(key, s, e.currentTarget.value);
        const choices = s.anyOf ? s.anyOf.map((c) => shown(c.const)) : s.type === 'boolean' ? ['true', 'false'] : undefined;
        return (
          <div class="field" key={key}>
            <label for={id}>{s.title ?? key}</label>
            {choices ? (
              <select id={id} aria-describedby={`${id}-help`} value={value} onChange={onInput}>
                <option value="">{placeholder !== undefined ? t('settingDefault', { value: placeholder }) : '—'}</option>
                {choices.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            ) : s.type === 'integer' || s.type === 'number' ? (
              <input id={id} aria-describedby={`${id}-help`} type="number" min={s.minimum} max={s.maximum} placeholder={placeholder} value={value} onInput={onInput} />
            ) : (
              <input id={id} aria-describedby={`${id}-help`} type="text" placeholder={placeholder} value={value} onInput={onInput} />
            )}
            <p class="help" id={`${id}-help`}>
              <code>{key}</code> {s.description}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}
