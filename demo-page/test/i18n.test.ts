import { describe, expect, it } from 'vitest';
import { messages, pickLocale, t } from '../src/lib/i18n';

describe('i18n', () => {
  it('has every message in en and zh-CN, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(messages.en) as Array<keyof typeof messages.en>) {
      expect(messages['zh-CN'][key], key).toBeTruthy();
      expect(placeholders(messages['zh-CN'][key]), key).toEqual(placeholders(messages.en[key]));
    }
  });

  it('fills placeholders and picks zh-CN for Simplified Chinese browsers', () => {
    expect(t('results_count', { count: 3 }, 'en')).toBe('3 photos');
    expect(t('results_count', { count: 3 }, 'zh-CN')).toBe('3 张照片');
    expect(pickLocale(['zh-CN', 'en'])).toBe('zh-CN');
    expect(pickLocale(['zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLocale(['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLocale(['fr-FR'])).toBe('en');
  });
});
