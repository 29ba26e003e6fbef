"""Rules the hall's parts share: pure Python (stdlib only), importing nothing else of ours.

The card driver, the device host, the hall server, the kiosk and the displays all import from
here, so a rule (which ID documents are valid, how a name is masked) has one definition and
online and offline can never disagree.
"""
