import type { ClaimedTask } from '../plugin-task';
import { withAbsoluteMediaUrls } from './absolute-media-urls';

const upload = (url: string): ClaimedTask => ({
  id: 't1',
  attempt: 1,
  method: 'POST',
  url: '/api/v2/photos',
  headers: {},
  body: {
    multipart: {
      fields: { 'photo[type]': 'item' },
      files: [{ field: 'photo[file]', url, filename: '1.jpg', contentType: 'image/jpeg' }],
    },
  },
  timeoutMs: 30_000,
});

describe('absolute media URLs in claimed tasks', () => {
  it('makes a relative media URL absolute on the origin the extension reached the API by', () => {
    const [task] = withAbsoluteMediaUrls([upload('/media/abc.sig')], 'https://api.stoflow.example');
    expect(task.body).toEqual({
      multipart: {
        fields: { 'photo[type]': 'item' },
        files: [
          {
            field: 'photo[file]',
            url: 'https://api.stoflow.example/media/abc.sig',
            filename: '1.jpg',
            contentType: 'image/jpeg',
          },
        ],
      },
    });
  });

  it('leaves absolute URLs (MEDIA_PUBLIC_BASE_URL set), other hosts and JSON bodies as they are', () => {
    const absolute = upload('https://cdn.stoflow.example/media/abc.sig');
    const otherHost = upload('//elsewhere.example/media/abc.sig');
    const json: ClaimedTask = { ...absolute, body: { item: { title: 'Tee' } } };
    const none: ClaimedTask = { ...absolute, method: 'GET', body: null };
    const tasks = [absolute, otherHost, json, none];
    expect(withAbsoluteMediaUrls(tasks, 'http://127.0.0.1:3000')).toEqual(tasks);
  });
});
