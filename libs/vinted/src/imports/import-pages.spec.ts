import { VintedWebClient } from '../vinted-web/vinted-web.client';
import { IMPORT_PAGE_SIZE, importPageCall, importPageStep, parseImportPageStep } from './import-pages';

describe('import page steps', () => {
  it('carry the import, the Vinted account and the page there and back', () => {
    const step = importPageStep('3f1c2b9e-0000-4000-8000-000000000001', '42', 3);
    expect(parseImportPageStep(step)).toEqual({
      importId: '3f1c2b9e-0000-4000-8000-000000000001',
      vintedUserId: '42',
      page: 3,
    });
  });

  it('ignore the steps of other work and malformed pages', () => {
    expect(parseImportPageStep('orders-page:abc:1')).toBeUndefined();
    expect(parseImportPageStep(null)).toBeUndefined();
    expect(parseImportPageStep('import-page:abc:42:0')).toBeUndefined();
    expect(parseImportPageStep('import-page:abc::2')).toBeUndefined();
  });

  it('read the wardrobe at Vinted’s largest page size', () => {
    const call = importPageCall(new VintedWebClient(), '42', 2);
    expect(call.method).toBe('GET');
    const url = new URL(call.url, 'https://vinted.test');
    expect(url.pathname).toBe('/api/v2/wardrobe/42/items');
    expect(url.searchParams.get('page')).toBe('2');
    expect(url.searchParams.get('per_page')).toBe(String(IMPORT_PAGE_SIZE));
  });
});
