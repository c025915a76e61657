"""Stub, replaced by the real chapter."""
TITLE = {"ko": "02_latent_space (작성 중)", "en": "02_latent_space (in progress)"}
CELLS = [md(ko="작성 중입니다.", en="In progress.")]
