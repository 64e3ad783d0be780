// The preload exposes the typed engine contract (desktop-app issue); nothing else reaches the page.
export {}
