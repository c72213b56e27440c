// Producer webview entry point (filled in by the producer issue).
export {};
