/** Injection tokens for values that are not classes. */
export const LENS_DB = Symbol('LENS_DB');
export const LENS_OPTIONS = Symbol('LENS_OPTIONS');
