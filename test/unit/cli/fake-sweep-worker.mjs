// A stand-in for the sweep worker process (src/cli/sweep-worker.ts) that misbehaves on request:
// a run named 'garbage…' gets a reply that is not one of the protocol's, 'crash…' kills the
// process, 'wrong-id…' answers for another job; any other run ends done after one epoch. Every
// outcome carries the process id, so a test sees which process trained which run.
process.on('disconnect', () => process.exit(0));
process.on('message', (request) => {
  if (request.type !== 'run') return;
  const { id, experiment } = request.job;
  const name = experiment.name;
  if (name.startsWith('garbage')) process.send({ type: 'done', id, outcome: { status: 'exploded', epochs: -1 } });
  else if (name.startsWith('crash')) process.exit(7);
  else if (name.startsWith('wrong-id')) process.send({ type: 'epoch', id: id + 100, epoch: 1, epochs: 1 });
  else {
    process.send({ type: 'epoch', id, epoch: 1, epochs: 1 });
    process.send({ type: 'done', id, outcome: { status: 'done', epochs: 1, seconds: 0, final: { pid: process.pid } } });
  }
});
