/**
 * The extension's strings in en and zh-CN, keyed as in Immich's i18n files (the web patch merges them
 * into i18n/en.json and i18n/zh_SIMPLIFIED.json).
 */
const en = {
  regenerate_ocr: 'Regenerate OCR',
  regenerate_clip: 'Regenerate CLIP',
  regenerate_ocr_queued: 'OCR regeneration queued',
  regenerate_clip_queued: 'CLIP regeneration queued',
  regenerate_ocr_done: 'OCR text refreshed',
  regenerate_clip_done: 'CLIP embedding refreshed',
  regenerate_failed: 'Could not start the job: {message}',
  job_failed: 'The job failed: {message}',
  working: 'Working…',
  ocr_hint_chip: 'ocr:',
  ocr_hint_title: 'Search text in photos',
  ocr_hint_body: 'ocr:word finds photos containing the word; ocr:"a phrase" finds the phrase; -ocr:word excludes; other words search by meaning.',
  search_placeholder: 'Search your photos (try ocr:发票)',
  search: 'Search',
  no_results: 'No photos found',
  results_count: '{count} photos',
  matched_text: 'Matched text',
  ocr_text: 'Text in this photo',
  no_ocr_text: 'No text found in this photo',
  more: 'More',
  back: 'Back',
  api_key: 'API key',
  sign_in: 'Continue',
  search_failed: 'Search failed: {message}',
  dismiss: 'Dismiss',
} as const;

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  regenerate_ocr: '重新识别文字',
  regenerate_clip: '重新生成 CLIP',
  regenerate_ocr_queued: '已加入文字识别队列',
  regenerate_clip_queued: '已加入 CLIP 生成队列',
  regenerate_ocr_done: '文字已更新',
  regenerate_clip_done: 'CLIP 向量已更新',
  regenerate_failed: '无法启动任务：{message}',
  job_failed: '任务失败：{message}',
  working: '处理中…',
  ocr_hint_chip: 'ocr:',
  ocr_hint_title: '搜索照片中的文字',
  ocr_hint_body: 'ocr:词 查找包含该词的照片；ocr:"短语" 查找整个短语；-ocr:词 排除；其他词按含义搜索。',
  search_placeholder: '搜索照片（试试 ocr:发票）',
  search: '搜索',
  no_results: '没有找到照片',
  results_count: '{count} 张照片',
  matched_text: '匹配的文字',
  ocr_text: '照片中的文字',
  no_ocr_text: '这张照片中没有识别到文字',
  more: '更多',
  back: '返回',
  api_key: 'API 密钥',
  sign_in: '继续',
  search_failed: '搜索失败：{message}',
  dismiss: '关闭',
};

export const messages = { en, 'zh-CN': zhCN } as const;
export type Locale = keyof typeof messages;

let current: Locale = 'en';

export function pickLocale(languages: readonly string[]): Locale {
  for (const lang of languages) {
    const l = lang.toLowerCase();
    if (l === 'zh' || l.startsWith('zh-cn') || l.startsWith('zh-hans') || l === 'zh-sg') return 'zh-CN';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

export function setLocale(locale: Locale): void {
  current = locale;
}

export function getLocale(): Locale {
  return current;
}

export function t(key: MessageKey, params: Record<string, string | number> = {}, locale: Locale = current): string {
  return messages[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
