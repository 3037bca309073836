import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** A tiny history-API router: the server sends index.html for every page path. */
export function naviguer(chemin: string): void {
  window.history.pushState({}, '', chemin);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

export function useChemin(): string {
  const [chemin, setChemin] = useState(window.location.pathname);
  useEffect(() => {
    const maj = () => setChemin(window.location.pathname);
    window.addEventListener('popstate', maj);
    return () => window.removeEventListener('popstate', maj);
  }, []);
  return chemin;
}

export function Lien(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href, onClick, ...reste } = props;
  const clic = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    if (!href.startsWith('/')) return;
    e.preventDefault();
    naviguer(href);
  };
  return <a href={href} onClick={clic} {...reste} />;
}
