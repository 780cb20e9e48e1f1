import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { TrainerEvent } from '../shared/schema/protocol';
import { IPC_CHANNELS, type IpcAnswer, type WorkbenchApi } from '../shared/schema/workbench-api';

// The only thing the page gets from Electron: `window.workbench`, a few functions over one IPC
// channel each way. Raw ipcRenderer never reaches the page, and the main process checks and
// validates every request it receives from here.

async function request(payload: unknown): Promise<void> {
  const answer = (await ipcRenderer.invoke(IPC_CHANNELS.trainerRequest, payload)) as IpcAnswer;
  if (!answer.ok) throw new Error(answer.error);
}

const workbench: WorkbenchApi = {
  platform: { os: process.platform, electron: process.versions.electron ?? 'unknown' },
  startRun: (startRequest) => request({ type: 'start', ...startRequest }),
  cancelRun: (runId) => request({ type: 'cancel', runId }),
  onTrainerEvent(listener) {
    const forward = (_event: IpcRendererEvent, events: TrainerEvent[]) => events.forEach(listener);
    ipcRenderer.on(IPC_CHANNELS.trainerEvents, forward);
    return () => void ipcRenderer.off(IPC_CHANNELS.trainerEvents, forward);
  },
};

contextBridge.exposeInMainWorld('workbench', workbench);
