/** Extractors: normalizers that pull a part out of free text or re-tokenize it. Merged into the engine registry. */
import type { NormalizerDefinition } from '../normalizers/normalizer';
import { modelNumbers } from './model-numbers';
import { qgrams } from './qgrams';

export const EXTRACTORS: ReadonlyMap<string, NormalizerDefinition> = new Map([modelNumbers, qgrams].map((n) => [n.name, n]));
