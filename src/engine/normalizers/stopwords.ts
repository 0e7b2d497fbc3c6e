/**
 * English stop words: Lucene's `EnglishAnalyzer.ENGLISH_STOP_WORDS_SET` (33 words). Small on
 * purpose: in entity names, longer lists remove real information ("the who", "will smith").
 */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set([
  ...['a', 'an', 'and', 'are', 'as', 'at', 'be', 'but', 'by', 'for', 'if', 'in', 'into', 'is', 'it'],
  ...['no', 'not', 'of', 'on', 'or', 'such', 'that', 'the', 'their', 'then', 'there', 'these', 'they'],
  ...['this', 'to', 'was', 'will', 'with'],
]);
