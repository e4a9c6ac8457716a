// Placeholder page until the browser twin lands (issue 6). It states what works today: the headless engine and its CLI.
const root = document.getElementById('root');
if (root) {
  root.innerHTML = `
    <main style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
      <h1>FabTwin</h1>
      <p>The browser twin is under construction. The simulation engine already runs headless:</p>
      <pre style="background:#f3f3f3;padding:1rem">npm run sim -- factory-models/teaching/mm1.json --seeds 5</pre>
      <p lang="zh-CN">浏览器数字孪生正在建设中。仿真引擎已可在命令行运行。</p>
    </main>`;
}
