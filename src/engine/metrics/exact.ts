/**
 * exact: 1 when the two normalized values are identical (same UTF-16 code units), else 0.
 * The first level of most comparisons; all the fuzziness belongs in the normalizers before it.
 */
import { checkKnownOptions } from '../normalizers/options';
import type { MetricDefinition } from './metric';

export const exact: MetricDefinition = {
  name: 'exact',
  kind: 'similarity',
  description: '1 when the normalized values are identical, else 0.',
  create(options) {
    checkKnownOptions('exact', options, []);
    return (a, b) => (a === b ? 1 : 0);
  },
};
