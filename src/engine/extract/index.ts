/** Extractors: normalizers that pull a part out of free text. Merged into the engine registry. */
import type { NormalizerDefinition } from '../normalizers/normalizer';
import { keywords } from './keywords';
import { modelNumbers } from './model-numbers';

export const EXTRACTORS: ReadonlyMap<string, NormalizerDefinition> = new Map([
  [modelNumbers.name, modelNumbers],
  [keywords.name, keywords],
]);
