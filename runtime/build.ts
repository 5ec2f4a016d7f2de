// Placeholder replaced by the runtime build in the template-runtime work.
