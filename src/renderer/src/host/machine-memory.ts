import { setMachineMemory } from '../../../shared/engine/run-budget';

/**
 * Tells the run budget this machine's memory as the browser reports it (navigator.deviceMemory, in
 * GB, which Chromium rounds and caps at 8); without it the budget keeps its fixed limit.
 */
export function applyDeviceMemory(): void {
  const gigabytes = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  if (gigabytes) setMachineMemory(gigabytes * 2 ** 30);
}
