// End-to-end tests only: the stack as separate processes, driven over HTTP and the CLI.
export {};
