"""What the tests share: building and serving sites (project), the browser-side tools (tools),
the hostile fixture and corpus (hostile, hostile_corpus), the page checks (sitecheck) and Lighthouse."""
