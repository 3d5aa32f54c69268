"""An offline stand-in for the Telegram Bot API, for tests, benchmarks and `kinerja-bot demo`.

Telegram cannot be reached where the bot is built and tested, so this emulates, at the Bot
API's own paths and JSON shapes, the methods the bot uses, plus the other side: people who
type, press buttons by their label and send files, and whose chats can be read as they would
see them. It does not use python-telegram-bot; it is the server the bot talks to.

- `model`, `world`: the emulated Telegram's state and its Bot API methods (in-process use:
  tests/chatkit.py);
- `server`: the world over HTTP on 127.0.0.1, for the bot running as a process;
- `phone`: one person acting and waiting, bounded, for the bot's answer;
- `process`: `kinerja-bot` as a child process, and the clock file it reads;
- `office`, `scenario`, `excel`, `transcript`: the scripted quarter that the end-to-end test
  and the demo play, and how it is printed;
- `demo`: `kinerja-bot demo`.
"""
