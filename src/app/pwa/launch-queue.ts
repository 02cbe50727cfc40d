/**
 * Files opened from the operating system with the installed app (manifest `file_handlers`, see
 * vite.config.ts) arrive through the launch queue. The first file goes to the same function the
 * file input and the drop zone use. With `launch_handler: focus-existing`, a file opened while
 * the app is already open comes here too, without a reload.
 */
export function consumeLaunchQueue(open: (file: File) => unknown): void {
  if (typeof window === 'undefined' || !window.launchQueue) return;
  window.launchQueue.setConsumer((params) => {
    const handle = params.files.find((h): h is FileSystemFileHandle => h.kind === 'file');
    if (!handle) return;
    handle.getFile().then(
      (file) => open(file),
      (e: unknown) => console.warn('Leakscope: the launched file could not be read', e),
    );
  });
}
