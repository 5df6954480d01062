"""Extract stage: mentions in the text (stage 3) and event frames built from them (stage 4)."""
from .frames import build_frames
from .mentions import Mentions, find_mentions

__all__ = ["Mentions", "build_frames", "find_mentions"]
