import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line ("Tests: N passed, N failed, N skipped") that CI reads in any language,
 * and lists every skipped test with its reason so that no skip goes unexplained.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const result = test.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') failed++;
        else if (result.state === 'skipped') {
          // The reason is the note given to `ctx.skip(note)`; a skip without one says so.
          skipped.push(
            `  skipped: ${module.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName}: ${result.note ?? '(no reason given)'}`,
          );
        }
      }
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    const listed = skipped.length > 0 ? `${skipped.join('\n')}\n` : '';
    process.stdout.write(`\n${listed}Tests: ${passed} passed, ${failed} failed, ${skipped.length} skipped\n`);
  }
}
