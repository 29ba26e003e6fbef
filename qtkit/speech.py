"""Sound for the apps: a small `Speaker` interface and its Qt TextToSpeech implementation, and a
`Chime` on QtMultimedia's QSoundEffect.

On a kiosk or a hall display the engine is speech-dispatcher with espeak-ng's voices (Mandarin
included), installed by scripts/bootstrap.sh; tests use Qt's own "mock" engine, which speaks
nothing but goes through the same states and signals. A machine without a working engine has an
unavailable speaker: it says so (`available`), logs it once, and every `say` is a no-op.
"""
from __future__ import annotations

import logging
import pathlib
from typing import Protocol

from PySide6.QtCore import QLocale, QObject, QUrl, Signal
from PySide6.QtMultimedia import QSoundEffect
from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

log = logging.getLogger(__name__)

#: The engine a machine speaks with unless told otherwise (Qt's plug-in over speech-dispatcher).
DEFAULT_ENGINE = "speechd"
#: The language of each app language code, as QLocale knows it.
_LANGUAGES = {"zh": QLocale.Language.Chinese, "en": QLocale.Language.English}
_PREFERRED = {"zh": "zh_CN", "en": "en_US"}
#: How a voice of each language is named when the engine files it under no locale of that language
#: (speech-dispatcher lists espeak-ng's Mandarin as "Chinese (Mandarin, latin as English)" under "C").
_VOICE_NAMES = {"zh": ("Mandarin", "Chinese"), "en": ("English (America)", "English")}


class Speaker(Protocol):
    """Something that speaks: one text at a time, a new one cutting the last one short."""

    @property
    def available(self) -> bool:
        """The engine works (False: `say` does nothing)."""
        ...

    def say(self, text: str, lang: str) -> None:
        """Speak `text` in `lang` ("zh" or "en"), stopping whatever was being said."""
        ...

    def stop(self) -> None:
        """Stop speaking."""
        ...


class QtSpeaker(QObject):
    """A Speaker on Qt TextToSpeech.

    Args:
        engine: the Qt TextToSpeech plug-in: "speechd" (speech-dispatcher), "flite", "mock".
    """

    #: Each text handed to the engine, with its language ("zh"/"en"): what was said, for a log or a test.
    spoken = Signal(str, str)

    _logged: set[str] = set()  # engines whose absence was logged already, once per process

    def __init__(self, engine: str = DEFAULT_ENGINE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine_name = engine
        self.tts = QTextToSpeech(engine, self)
        self._no_voice_logged: set[str] = set()
        self._voices: dict[str, tuple[QLocale, QVoice | None] | None] = {}  # per language: found once
        if self.available:
            QtSpeaker._logged.discard(engine)  # it works again: the next failure is news
        elif engine not in QtSpeaker._logged:
            QtSpeaker._logged.add(engine)
            log.warning("speech engine %r is not available (%s): voice output is off", engine,
                        self.tts.errorString() or self.tts.errorReason().name)

    @property
    def available(self) -> bool:
        return self.tts.state() != QTextToSpeech.State.Error

    def say(self, text: str, lang: str) -> None:
        if not self.available or not text.strip():
            return
        self._choose_voice(lang)
        self.tts.say(text)
        self.spoken.emit(text, lang)

    def stop(self) -> None:
        if self.available:
            self.tts.stop()

    def _choose_voice(self, lang: str) -> None:
        """The engine's locale of `lang` (zh_CN first for Chinese), else a voice named for the language;
        the engine's own when it has neither."""
        if lang not in self._voices:
            self._voices[lang] = self._find_voice(lang)
        found = self._voices[lang]
        if found is None:
            if lang not in self._no_voice_logged:
                self._no_voice_logged.add(lang)
                log.warning("speech engine %r has no %s voice", self.engine_name, lang)
            return
        locale, voice = found
        if self.tts.locale() != locale:
            self.tts.setLocale(locale)
        if voice is not None and self.tts.voice() != voice:
            self.tts.setVoice(voice)

    def _find_voice(self, lang: str) -> tuple[QLocale, QVoice | None] | None:
        wanted = _LANGUAGES.get(lang)
        if wanted is None:
            return None
        locales = [loc for loc in self.tts.availableLocales() if loc.language() == wanted]
        if locales:
            best = next((loc for loc in locales if loc.name() == _PREFERRED[lang]), locales[0])
            self.tts.setLocale(best)
            named = next((v for v in self.tts.availableVoices()
                          if _VOICE_NAMES[lang][0] in v.name() and "+" not in v.name()), None)
            return best, named
        was = self.tts.locale()
        for words in _VOICE_NAMES[lang]:  # the most telling name first
            for locale in self.tts.availableLocales():
                self.tts.setLocale(locale)
                voice = next((v for v in self.tts.availableVoices()
                              if words in v.name() and "+" not in v.name()), None)  # "+Adam": a variant
                if voice is not None:
                    return locale, voice
        self.tts.setLocale(was)
        return None


class Player(Protocol):
    """Something that plays one short sound."""

    def play(self) -> None:
        ...


class Chime(QObject):
    """A short sound through QtMultimedia's QSoundEffect (a WAV, loaded once, played from memory).

    A machine without a working audio output plays nothing: it is logged once, never raised.
    """

    #: Each time the sound is asked to play.
    played = Signal()

    def __init__(self, source: pathlib.Path, volume: float = 0.8, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.effect = QSoundEffect(self)
        self.effect.statusChanged.connect(self._status)
        self.effect.setSource(QUrl.fromLocalFile(str(source)))
        self.effect.setVolume(volume)
        self._failed_logged = False

    def play(self) -> None:
        self.effect.play()
        self.played.emit()

    def _status(self) -> None:
        if self.effect.status() == QSoundEffect.Status.Error and not self._failed_logged:
            self._failed_logged = True
            log.warning("chime %s cannot be played here (no audio output, or not a WAV it can play)",
                        self.effect.source().toLocalFile())
