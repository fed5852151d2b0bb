"""MARAC pages: meetings and their agendas, cases (referrals) with their actions and sharing, IDVA capacity."""
