"""Window LED screens: an abstract ``WindowScreen`` and the EQ text protocol over serial or TCP."""
from .eq import EqFrame, EqFrameParser, EqWindowScreen, encode_eq_frame
from .screen import Colour, LedScreenError, LedScreenUnavailable, LedTextRefused, WindowScreen, open_window_screen

__all__ = [
    "EqFrame", "EqFrameParser", "EqWindowScreen", "encode_eq_frame",
    "Colour", "LedScreenError", "LedScreenUnavailable", "LedTextRefused", "WindowScreen", "open_window_screen",
]
