import path from 'node:path';
import { defaultConsoleDir } from './console-static';

describe('defaultConsoleDir', () => {
  const repo = path.resolve(__dirname, '../../..');

  it.each([
    ['the sources (tests, ts runners)', path.join(repo, 'src/features/console')],
    ['the build (npm start)', path.join(repo, 'dist/src/features/console')],
    ['the test build', path.join(repo, '.joinery/test-build/src/features/console')],
  ])('finds dist/console of the package from %s', (_name, from) => {
    expect(defaultConsoleDir(from)).toBe(path.join(repo, 'dist', 'console'));
  });
});
