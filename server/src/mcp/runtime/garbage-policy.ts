/** Tool-call steps between two collections at most. */
export const COLLECT_AFTER_STEPS = 32;
/** A step whose input is at least this large collects first: its garbage will be large too. */
export const LARGE_STEP_INPUT_BYTES = 1 << 20;

/**
 * When a server module collects its garbage before a tool-call step. The module's minimal
 * runtime collects only between operations, and a collection walks everything the loaded
 * server holds (its configuration, compiled templates and schemas), which made two collections
 * per call most of the module's time on a proxied call. So collections are spaced out while
 * that is safe, and made at every step when it may not be:
 *
 * - every COLLECT_AFTER_STEPS steps, and before a step with a large input;
 * - whenever the memory grew since the last collection (garbage filled the heap, so the
 *   allocator had to grow it: collect before it grows again);
 * - at every step once the memory is a quarter of the instance's cap or more. Below that, the
 *   garbage kept between collections fits in the heap the allocator has, and one growth of it
 *   (the allocator doubles) stays under the cap, so deferring never turns a call that fits on a
 *   clean heap into a memory-cap failure unless that single call needs over half the cap.
 */
export class GarbagePolicy {
  readonly #collectEveryStepFrom: number;
  #stepsSinceCollect = 0;
  #memoryAfterCollect = 0;

  constructor(maxMemoryBytes: number) {
    this.#collectEveryStepFrom = maxMemoryBytes / 4;
  }

  /** Whether the step about to run, with this much input, collects first. */
  collectBefore(memoryBytes: number, inputBytes: number): boolean {
    if (
      this.#stepsSinceCollect >= COLLECT_AFTER_STEPS ||
      inputBytes >= LARGE_STEP_INPUT_BYTES ||
      memoryBytes > this.#memoryAfterCollect ||
      memoryBytes >= this.#collectEveryStepFrom
    ) {
      this.#stepsSinceCollect = 0;
      return true;
    }
    this.#stepsSinceCollect++;
    return false;
  }

  /** Records the memory size after a step that collected: growth past it means garbage piled up. */
  collected(memoryBytes: number): void {
    this.#memoryAfterCollect = memoryBytes;
  }
}
