/** Injection tokens for values that are not classes. */
export const STANDALONE_DB = Symbol('STANDALONE_DB');
export const STANDALONE_OPTIONS = Symbol('STANDALONE_OPTIONS');
