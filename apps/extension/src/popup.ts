/** The popup: pairs the extension with a StoFlow server, shows what the background sees, unpairs. */
import { matchPatterns, serverOrigin } from './hosts';
import type { PairAnswer, PopupRequest, Status } from './messages';

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function ask<T>(request: PopupRequest): Promise<T> {
  return chrome.runtime.sendMessage<PopupRequest, T>(request);
}

function notice(text: string | null): void {
  const box = element<HTMLParagraphElement>('notice');
  box.textContent = text ?? '';
  box.hidden = !text;
}

function describeVinted(status: Status): string {
  const seen = status.vinted;
  if (!seen || seen.tabId === null) return 'no Vinted tab open: open Vinted and log in';
  if (!seen.loggedIn) return 'not logged in: log in to Vinted in your tab';
  return `logged in as ${seen.login || `#${seen.userId}`}`;
}

async function render(): Promise<void> {
  const status = await ask<Status>({ type: 'status' });
  element('version').textContent = status.version;
  const form = element<HTMLFormElement>('pair-form');
  const paired = element<HTMLElement>('paired');
  form.hidden = status.paired !== null;
  paired.hidden = status.paired === null;
  if (status.paired) {
    element('paired-server').textContent = status.paired.server;
    element('paired-account').textContent =
      `${status.paired.deviceName}${status.paired.userId ? ` (StoFlow account #${status.paired.userId})` : ''}`;
    element('vinted-state').textContent = describeVinted(status);
    element('loop-state').textContent =
      status.loop.failures > 0 ? `server unreachable (${status.loop.lastStatus}), retrying` : 'ready';
    notice(null);
  } else {
    const server = element<HTMLInputElement>('server');
    if (!server.value) server.value = status.defaultServer;
    const name = element<HTMLInputElement>('name');
    if (!name.value) name.value = /Firefox\//.test(navigator.userAgent) ? 'Firefox' : 'Chromium';
    notice(status.unpairedReason);
  }
}

element<HTMLFormElement>('pair-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const server = element<HTMLInputElement>('server').value;
  const origin = serverOrigin(server);
  // Asked before anything is awaited: browsers grant host permissions only in the click's own turn.
  const granted = origin ? chrome.permissions.request({ origins: matchPatterns([origin]) }) : Promise.resolve(false);
  void (async () => {
    const button = element<HTMLButtonElement>('pair');
    button.disabled = true;
    try {
      if (origin && !(await granted)) {
        notice(`StoFlow needs your permission to reach ${origin}.`);
        return;
      }
      const answer = await ask<PairAnswer>({
        type: 'pair',
        server,
        code: element<HTMLInputElement>('code').value,
        name: element<HTMLInputElement>('name').value,
      });
      if (!answer.ok) {
        notice(answer.message);
        return;
      }
      element<HTMLInputElement>('code').value = '';
      await render();
    } finally {
      button.disabled = false;
    }
  })();
});

element<HTMLButtonElement>('unpair').addEventListener('click', () => {
  void ask<PairAnswer>({ type: 'unpair' }).then(render);
});

chrome.storage.onChanged.addListener(() => void render());
void render();
