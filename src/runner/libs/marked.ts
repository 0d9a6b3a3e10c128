// Bundled as dist/lib/marked.js: the Markdown parser that exercise code and harnesses may
// import in checks, to find the links and images a renderer would show.
export * from 'marked';
