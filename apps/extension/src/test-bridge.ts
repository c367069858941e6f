/**
 * Test builds only (never in a release build's manifest): a content script on the fake Vinted page that relays the
 * popup's requests from the page to the background. The Firefox suite needs it because WebDriver BiDi may neither
 * open extension pages nor evaluate the background; it drives pairing and reads the status through this.
 */
import type { PopupRequest } from './messages';

interface BridgeMessage {
  stoflowTest: 'request';
  id: string;
  request: PopupRequest;
}

window.addEventListener('message', (event: MessageEvent<BridgeMessage | undefined>) => {
  if (event.data?.stoflowTest !== 'request') return;
  const { id, request } = event.data;
  void chrome.runtime
    .sendMessage(request)
    .then((answer: unknown) => window.postMessage({ stoflowTest: 'answer', id, answer }, '*'));
});
