from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's storage (hashed, compressed files from the manifest), with each file's URL
    worked out once per process. The manifest does not change while a process runs (a
    deploy collects the files, then starts new processes), and every page asks for the same
    few URLs: the admin's lists ask for an icon on every row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
