//! How a run tells what each project is doing: the CLI draws progress bars from it, the
//! recorder keeps it for the report.

/// Reports what each project is doing.
pub trait Progress: Sync {
    fn stage(&self, project: &str, stage: &str);
    fn done(&self, project: &str, stage: &str);
}

pub struct Quiet;
impl Progress for Quiet {
    fn stage(&self, _: &str, _: &str) {}
    fn done(&self, _: &str, _: &str) {}
}

/// Two progress reporters at once (the CLI's bars and the recorder).
pub struct Both<'a>(pub &'a dyn Progress, pub &'a dyn Progress);

impl Progress for Both<'_> {
    fn stage(&self, project: &str, stage: &str) {
        self.0.stage(project, stage);
        self.1.stage(project, stage);
    }
    fn done(&self, project: &str, stage: &str) {
        self.0.done(project, stage);
        self.1.done(project, stage);
    }
}
