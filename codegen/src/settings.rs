//! [`GenerateSettings`]: what to generate and how to name it, as a chained builder.

/// Settings of one generation run.
///
/// ```
/// use bandwidth_codegen::GenerateSettings;
/// let s = GenerateSettings::new().spec_name("upstream/bandwidth.yml").tags(["Messages", "Media"]);
/// assert_eq!(s.tag_list(), ["Messages", "Media"]);
/// assert_eq!(s.spec_name_str(), "upstream/bandwidth.yml");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateSettings {
    spec_name: String,
    tags: Vec<String>,
}

impl Default for GenerateSettings {
    fn default() -> Self {
        GenerateSettings {
            spec_name: "spec/messaging.yaml".to_owned(),
            tags: Vec::new(),
        }
    }
}

impl GenerateSettings {
    /// Defaults: spec name `spec/messaging.yaml`, no tag filter.
    pub fn new() -> Self {
        Self::default()
    }

    /// The spec's name as shown in diagnostics and in the `@generated` header (a path relative to the
    /// workspace root, by convention).
    #[must_use]
    pub fn spec_name(mut self, name: impl Into<String>) -> Self {
        self.spec_name = name.into();
        self
    }

    /// Keeps only operations with at least one of these tags (plus what they reach). Empty keeps all.
    #[must_use]
    pub fn tags<I, S>(mut self, tags: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    /// The spec name.
    pub fn spec_name_str(&self) -> &str {
        &self.spec_name
    }

    /// The tag filter (empty = all operations).
    pub fn tag_list(&self) -> &[String] {
        &self.tags
    }
}
